"""GraphQL endpoint for the customer-service dashboard."""
