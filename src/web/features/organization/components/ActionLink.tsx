import { Button, type ButtonProps } from 'antd';
import type { Ref } from 'react';

type ActionLinkProps = Omit<ButtonProps, 'type' | 'size' | 'danger'> & {
  isDanger?: boolean;
  isStrong?: boolean;
  /** Popconfirm and Tooltip attach to the button itself. */
  ref?: Ref<HTMLButtonElement | HTMLAnchorElement>;
};

/**
 * An action that looks like a link in a dense table («Изменить», a name that opens its card). A button, not an
 * `<a>` without an address: it can be reached with Tab and pressed with Enter, and screen readers call it a button.
 */
export function ActionLink({ isDanger = false, isStrong = false, style, ...props }: ActionLinkProps) {
  return (
    <Button
      {...props}
      type="link"
      size="small"
      danger={isDanger}
      style={{
        padding: 0,
        height: 'auto',
        fontSize: 'inherit',
        whiteSpace: 'normal',
        textAlign: 'start',
        fontWeight: isStrong ? 600 : undefined,
        ...style,
      }}
    />
  );
}
