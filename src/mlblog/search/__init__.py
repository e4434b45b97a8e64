"""Search: the prebuilt lunr index, made with the tokenizer the search page queries with."""
