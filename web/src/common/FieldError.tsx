export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <div id={id} className="field__error" role="alert">
      {message}
    </div>
  );
}
