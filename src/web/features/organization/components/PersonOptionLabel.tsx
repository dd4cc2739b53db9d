import { Typography } from 'antd';
import type { PersonOption } from '../api/select-options.js';

/** A person in a drop-down: the name, and the position under it to tell namesakes apart. */
export function renderPersonOption(option: { data: PersonOption }) {
  return (
    <div>
      <div>{option.data.label}</div>
      {option.data.position ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {option.data.position}
        </Typography.Text>
      ) : null}
    </div>
  );
}
