"""The publishing boundary: the one disclosure function every public channel passes its counts through."""
