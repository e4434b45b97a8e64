"""The pure render stage: Markdown bytes + settings → Rendered (html, toc, excerpt, text)."""
