"""Fleet benchmark: N dialogue-only robots on one domain; discovery, publish-to-serving, bundle sizes, RSS."""
