"""Streamlit UI pieces; everything here may import streamlit, nothing outside ui/ and app.py does."""
