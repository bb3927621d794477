import type {
  AmazonBuyer,
  AmazonItemCustomization,
  AmazonOrder,
  AmazonOrderItem,
  AmazonRecipient,
} from '../amazon-order.js';

/**
 * The buyer and recipient data of one order, kept apart from the order and encrypted (`order_pii`). In
 * the Orders 2026-01-01 shape, whichever API the order came from.
 */
export interface OrderPii {
  buyer?: AmazonBuyer;
  recipient?: AmazonRecipient;
  /** Per order item id: the gift message and the customization, which can name or describe the buyer. */
  items?: Record<string, ItemPii>;
}

export interface ItemPii {
  giftMessage?: string;
  customization?: AmazonItemCustomization;
}

/**
 * Splits an order into the part stored in the clear and its buyer and recipient data: `buyer`, `recipient`,
 * and each item's gift message and customization. `pii` is undefined when the order carries none. The
 * order given is not changed.
 */
export function splitPii(order: AmazonOrder): { order: AmazonOrder; pii: OrderPii | undefined } {
  const { buyer, recipient, ...rest } = order;
  const pii: OrderPii = {};
  if (buyer !== undefined) pii.buyer = buyer;
  if (recipient !== undefined) pii.recipient = recipient;
  const items: Record<string, ItemPii> = {};
  const orderItems = order.orderItems.map((item) => {
    const split = splitItemPii(item);
    if (split.pii) items[item.orderItemId] = split.pii;
    return split.item;
  });
  if (Object.keys(items).length > 0) pii.items = items;
  const clean: AmazonOrder = { ...rest, orderItems };
  return { order: clean, pii: Object.keys(pii).length > 0 ? pii : undefined };
}

function splitItemPii(item: AmazonOrderItem): { item: AmazonOrderItem; pii: ItemPii | undefined } {
  const pii: ItemPii = {};
  let out = item;
  if (item.product.customization !== undefined) {
    const { customization, ...product } = item.product;
    pii.customization = customization;
    out = { ...out, product };
  }
  const gift = item.fulfillment?.packing?.giftOption;
  if (gift?.giftMessage !== undefined) {
    const { giftMessage, ...giftOption } = gift;
    pii.giftMessage = giftMessage;
    const fulfillment = out.fulfillment ?? {};
    out = { ...out, fulfillment: { ...fulfillment, packing: { ...fulfillment.packing, giftOption } } };
  }
  return { item: out, pii: Object.keys(pii).length > 0 ? pii : undefined };
}

/** Puts buyer and recipient data back where Amazon has it (the inverse of `splitPii`). */
export function mergePii(order: AmazonOrder, pii: OrderPii | undefined): AmazonOrder {
  if (!pii) return order;
  const out: AmazonOrder = { ...order };
  if (pii.buyer !== undefined) out.buyer = pii.buyer;
  if (pii.recipient !== undefined) out.recipient = pii.recipient;
  if (pii.items) {
    const items = pii.items;
    out.orderItems = order.orderItems.map((item) => {
      const p = items[item.orderItemId];
      if (!p) return item;
      let merged = item;
      if (p.customization !== undefined) {
        merged = { ...merged, product: { ...merged.product, customization: p.customization } };
      }
      if (p.giftMessage !== undefined) {
        const fulfillment = merged.fulfillment ?? {};
        const packing = fulfillment.packing ?? {};
        merged = {
          ...merged,
          fulfillment: {
            ...fulfillment,
            packing: { ...packing, giftOption: { ...packing.giftOption, giftMessage: p.giftMessage } },
          },
        };
      }
      return merged;
    });
  }
  return out;
}
