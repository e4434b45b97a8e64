"""Search: one tokenizer for index and query (mirrored in JS), and the prebuilt lunr index."""
