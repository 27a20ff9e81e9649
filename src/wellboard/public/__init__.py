"""The public site: a published partnership's pages and open data, readable without signing in."""
