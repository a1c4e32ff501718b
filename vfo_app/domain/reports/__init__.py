"""Report packs: the accountant's periodic report of a client, composed, published (locked),
mailed, and compared with the figures of later imports."""
