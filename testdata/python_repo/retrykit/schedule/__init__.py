"""Cron-like scheduling of retried jobs."""
