using System.Data.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Router.Abstractions.Grains;
using Router.Abstractions.Persistence;
using Router.Gateway.Diagnostics;
using Router.Silo.Hosting;

namespace Router.Gateway.Http;

/// <summary>
/// Answers what a handler did not expect with problem details that carry no exception text: a malformed request Kestrel
/// rejected mid-read is 400 (413 when too large); a grain or storage that did not complete is 503 (retry) with a detail
/// naming the cause (this node not serving, another node not serving, the database unreachable, a timeout); anything else
/// is 500. Each is logged with its exception.
/// </summary>
internal sealed class RouterExceptionHandler(ISiloStatus silo, ILogger<RouterExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nobody reads an answer.
            return true;
        }

        var request = httpContext.Request;
        IResult answer;
        switch (exception)
        {
            case BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }:
                answer = ProblemResults.PayloadTooLarge(JsonBodyReader.MaxBytes);
                break;
            case BadHttpRequestException:
                answer = ProblemResults.Invalid(JsonBodyReader.BodyField, "The request could not be read.");
                break;
            case SiloUnavailableException or DbException or GrainActivationException or TimeoutException or InconsistentStateException:
                GatewayLog.RegistryUnavailable(logger, exception, request.Method, request.Path);
                answer = exception switch
                {
                    SiloUnavailableException => silo.IsServing ? ProblemResults.OtherNodeNotServing() : ProblemResults.NodeNotServing(),
                    DbException or GrainActivationException { InnerException: DbException } => ProblemResults.StorageUnavailable(),
                    TimeoutException => ProblemResults.RegistryTimeout(),
                    _ => ProblemResults.Unavailable(),
                };
                break;
            default:
                GatewayLog.RequestFailed(logger, exception, request.Method, request.Path);
                answer = ProblemResults.Unexpected();
                break;
        }

        await answer.ExecuteAsync(httpContext).ConfigureAwait(false);
        return true;
    }
}
