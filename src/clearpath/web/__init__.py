"""The clearpath web app: public self-help screener, advocate workspace, bulk jobs and REST API (Django)."""
