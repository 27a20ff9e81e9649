"""Open Referral UK 3.0 feeds into the directory: read and check the structure (``structure``),
fetch a feed from its address (``fetch``), then plan and apply it through the services (``oruk``)."""
