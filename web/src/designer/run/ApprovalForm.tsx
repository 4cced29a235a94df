import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { decideApproval } from '../../api/graphs';
import { ErrorNotice } from '../../common/ErrorNotice';

export function ApprovalForm({ workflowId, nodeId }: { workflowId: string; nodeId: string }) {
  const [comment, setComment] = useState('');
  const decide = useMutation({
    mutationFn: (approved: boolean) => decideApproval(workflowId, nodeId, { approved, comment: comment.trim() || undefined }),
  });

  if (decide.isSuccess) {
    return <p className="notice notice--warn">{decide.variables ? 'Approved' : 'Rejected'}; waiting for the run to continue…</p>;
  }
  return (
    <div className="approval" data-testid="approval">
      <label htmlFor={`approval-${nodeId}`} className="small">Comment (optional)</label>
      <textarea id={`approval-${nodeId}`} rows={2} value={comment} onChange={(e) => setComment(e.target.value)} />
      <div className="form__actions">
        <button type="button" className="button button--small button--primary" data-testid="approve" disabled={decide.isPending} onClick={() => decide.mutate(true)}>
          Approve
        </button>
        <button type="button" className="button button--small" data-testid="reject" disabled={decide.isPending} onClick={() => decide.mutate(false)}>
          Reject
        </button>
      </div>
      {decide.isError && <ErrorNotice title="Decision not recorded" error={decide.error} />}
    </div>
  );
}
