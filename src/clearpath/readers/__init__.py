"""Readers turn source documents (RAP sheets, DOJ research files) into record format v1.

Readers never decide eligibility. What they cannot read they report as ParseIssues and leave unknown.
"""
