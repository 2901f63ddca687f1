import { render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { CardForm, STRIPE_UNAVAILABLE } from "./CardForm";

vi.mock("@stripe/stripe-js", () => ({ loadStripe: vi.fn(() => Promise.reject(new Error("Failed to load Stripe.js"))) }));

describe("CardForm", () => {
  it("shows the card container and a clear error when Stripe.js cannot load", async () => {
    render(<CardForm mode="setup" clientSecret="seti_1_secret_x" publishableKey="pk_test_x" submitLabel="Save card" onDone={() => {}} />);
    expect(screen.getByTestId("card-element")).toBeInTheDocument();
    expect(await screen.findByText(STRIPE_UNAVAILABLE)).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Save card" })).toBeDisabled();
  });

  it("asks for a publishable key before loading anything", async () => {
    render(<CardForm mode="payment" clientSecret="pi_1_secret_x" publishableKey={null} submitLabel="Pay" onDone={() => {}} />);
    expect(await screen.findByText(/no publishable key/)).toBeInTheDocument();
  });
});
