fn should_not_be_indexed() {}
