import { useMutation } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';

export function useChangePassword() {
  return useMutation({
    mutationFn: (body: components['schemas']['ChangePasswordDto']) => unwrap(api.POST('/api/v1/me/password', { body })),
  });
}
