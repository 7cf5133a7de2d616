"""Reading a catalog: lines of a file, CSV records, the header and its units, JSON Lines
specs, Arrow blocks."""
