def should_not_be_indexed(): pass
