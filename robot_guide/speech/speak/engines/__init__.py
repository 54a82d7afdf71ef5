"""Speech synthesizers behind the Synthesizer interface, one module each, chosen by the factory."""
