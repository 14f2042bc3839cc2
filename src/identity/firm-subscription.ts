/** A firm's billing state; set by the operator command (cli.ts), read by whatever needs a paying firm. */
export const SUBSCRIPTION_STATUSES = ['trialing', 'active', 'past_due', 'canceled'] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

export function hasActiveSubscription(firm: { subscriptionStatus: SubscriptionStatus }): boolean {
  return firm.subscriptionStatus === 'trialing' || firm.subscriptionStatus === 'active';
}
