"""Reporters: how findings are shown (``text`` for terminals; JSON goes through ``serialize``)."""
