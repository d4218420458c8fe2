"""Batch mode on Ray Data: archives of pages through the whole job, written as Parquet."""
