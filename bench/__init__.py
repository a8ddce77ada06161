"""The benchmark behind `make bench` (see bench/README.md). Never part of a deployment."""
