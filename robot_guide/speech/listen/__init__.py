"""Listening: voice activity, endpointing, self-hearing, barge-in and the guards around a recogniser."""
