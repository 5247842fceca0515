"""The record of processing activities (Art. 30) and the facts it is written from."""
