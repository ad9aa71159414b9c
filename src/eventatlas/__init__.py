"""EventAtlas: sourced, geolocated conflict events from raw news reporting."""

__version__ = "0.1.0"
