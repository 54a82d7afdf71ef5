"""Speech in (listen/) and out (speak/); this level holds only the shared interfaces and audio helpers."""
