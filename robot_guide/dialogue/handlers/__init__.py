"""The dialogue's handlers, one module per family; dialogue.table says which intent each one serves."""
