"""The service directory: services, their organisations and locations, in and out as Open Referral UK."""
