"""The Hugging Face Hub over HTTP: the client (listings and cards as records), its
transport (retries, errors), the rate limiter and the paging of listings."""
