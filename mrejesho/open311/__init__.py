"""Open311 GeoReport v2 at /open311/v2/: discovery, services, requests and tokens, in JSON
and XML (http://wiki.open311.org/GeoReport_v2), on the same intake as the web form."""
