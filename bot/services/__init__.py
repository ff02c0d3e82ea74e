"""Services: what flows call to read and change the world (store access, understanding, sending)."""
