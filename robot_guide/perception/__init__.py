"""Pure perception core: face detection behind an interface, tracking, distance, and guest engagement."""
