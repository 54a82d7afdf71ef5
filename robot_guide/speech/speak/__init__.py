"""Speaking: the speaker queue, pre-rendered lines, audio sinks and text made ready for a voice."""
