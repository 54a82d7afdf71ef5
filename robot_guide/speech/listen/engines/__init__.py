"""Speech recognisers behind the Transcriber interface, one module each, chosen by the factory."""
