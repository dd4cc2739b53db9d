/** The product's name as users see it in the header, the sign-in page and the browser tab. */
export const PRODUCT_NAME = 'Отклик';
