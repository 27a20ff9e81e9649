"""Healthy Hubs: pseudonymous contacts, referrals and outcome assessments, counted for the partnership."""
