"""The demo region generator's parts; the entry point is :func:`littlegiant.io.demo_region.generate`."""
