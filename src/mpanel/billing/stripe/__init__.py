"""Stripe for a tenant: its keys, its customers' Stripe customers and saved cards, card payments
on and off session, and the webhook events Stripe sends back."""
