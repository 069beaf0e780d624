"""One sub-package per standard the platform implements, mirroring its spec."""
