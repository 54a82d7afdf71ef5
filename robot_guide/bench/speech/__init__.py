"""The speech benchmark (`bench speech`): question set, recogniser scores, node-set timing, report."""
