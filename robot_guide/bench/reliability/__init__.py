"""`robot-guide bench reliability`: fuzzing, knowledge attacks, soak, fault injection and message floods."""
