"""annotator: an editorial linter and stance annotator for news articles."""

__version__ = "0.1.0"
