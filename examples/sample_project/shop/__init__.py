"""A small web shop an AI agent generated; it breaks some of the house rules on purpose."""
