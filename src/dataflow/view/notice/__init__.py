"""The Art. 13/14 privacy notice of one audience, as plain data (issue 15)."""
