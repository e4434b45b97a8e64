"""The dev server: http serving, and (later) watching and reloading."""
