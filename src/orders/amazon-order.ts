import type { components as orders2026 } from '../amazon/generated/types/orders20260101.js';
import type { components as ordersV0 } from '../amazon/generated/types/ordersV0.js';

/** An order in Amazon's Orders 2026-01-01 shape: how csm reads, exports and shows every order. */
export type AmazonOrder = orders2026['schemas']['Order'];
export type AmazonOrderItem = orders2026['schemas']['OrderItem'];
export type AmazonBuyer = orders2026['schemas']['Buyer'];
export type AmazonRecipient = orders2026['schemas']['Recipient'];
export type AmazonCustomerAddress = orders2026['schemas']['CustomerAddress'];
export type AmazonItemCustomization = orders2026['schemas']['ItemCustomization'];

/** Orders v0 shapes (the fallback API). */
export type V0Order = ordersV0['schemas']['Order'];
export type V0OrderItem = ordersV0['schemas']['OrderItem'];
export type V0Address = ordersV0['schemas']['Address'];
