"""Learn Something Harder: a pure core (model, loading, bibliography, knowledge, pages) and a
thin MkDocs plugin (plugin.py). Only plugin.py imports MkDocs."""
