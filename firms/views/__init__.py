"""The firm pages: the public directory, registering and running one's firm, and the
officials' verification queue."""
