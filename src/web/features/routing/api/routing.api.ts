import type {
  RoutingRule,
  RoutingRuleVersion,
  RoutingTestResult,
  SaveRoutingRuleInput,
  TestRoutingInput,
} from '../../../../shared/contracts/routing.contract.js';
import { requestJson } from '../../../platform/http-client.js';

export function fetchRoutingRules(signal?: AbortSignal): Promise<RoutingRule[]> {
  return requestJson<RoutingRule[]>('/api/routing-rules', { signal });
}

export function createRoutingRule(input: SaveRoutingRuleInput): Promise<RoutingRule> {
  return requestJson<RoutingRule>('/api/routing-rules', { method: 'POST', body: input });
}

export function updateRoutingRule(id: string, input: SaveRoutingRuleInput): Promise<RoutingRule> {
  return requestJson<RoutingRule>(`/api/routing-rules/${id}`, { method: 'PUT', body: input });
}

export function setRoutingRuleActive(id: string, isActive: boolean): Promise<RoutingRule> {
  return requestJson<RoutingRule>(`/api/routing-rules/${id}`, { method: 'PATCH', body: { isActive } });
}

export function deleteRoutingRule(id: string): Promise<void> {
  return requestJson<void>(`/api/routing-rules/${id}`, { method: 'DELETE' });
}

export function reorderRoutingRules(ruleIds: string[]): Promise<RoutingRule[]> {
  return requestJson<RoutingRule[]>('/api/routing-rules/order', { method: 'PUT', body: { ruleIds } });
}

export function fetchRoutingRuleVersions(id: string, signal?: AbortSignal): Promise<RoutingRuleVersion[]> {
  return requestJson<RoutingRuleVersion[]>(`/api/routing-rules/${id}/versions`, { signal });
}

export function testRoutingRules(input: TestRoutingInput): Promise<RoutingTestResult> {
  return requestJson<RoutingTestResult>('/api/routing-rules/test', { method: 'POST', body: input });
}
